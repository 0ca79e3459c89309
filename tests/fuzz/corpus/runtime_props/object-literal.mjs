import { defineListenerProp } from "../utils/components.mjs";
const props = {
  modelValue: { type: Number, default: 0 },
  count: { type: [String, Number], default: 5 },
  color: String,
  title: { type: String, required: true },
  "onUpdate:modelValue": defineListenerProp(),
  anything: null
};
export { props };
