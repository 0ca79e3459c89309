export default { pc: { menu: [ { doc: 'button', type: 2 }, } ] } }
