var __spreadValues = (a, b) => { for (var prop in b || (b = {})) a[prop] = b[prop]; return a; };
var __spreadProps = (a, b) => __defProps(a, __getOwnPropDescs(b));
import { props as base } from "../base/props.mjs";
import { pickProps } from "../utils/components.mjs";
const props = __spreadProps(__spreadValues({
  own: Boolean,
  size: __spreadProps(__spreadValues({}, pickProps(base, "size")), { default: void 0 })
}, pickProps(base, ["shared", "picked"])), {
  // internal start
  internal: { type: Object, default: () => ({}) }
});
export { props };
