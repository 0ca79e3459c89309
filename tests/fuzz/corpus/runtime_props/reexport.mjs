import { props as iconProps } from "./props.mjs";
import { pickProps } from "../utils/components.mjs";
const props = { namespace: pickProps(iconProps, "namespace"), ...iconProps };
export { iconProps, props };
