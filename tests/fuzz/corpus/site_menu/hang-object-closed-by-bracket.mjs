export default defineConfig({
  pc: {
    menu: [
      { text: { 'en-US': 'Guide' }, type: 1 ]
    ],
  },
})
