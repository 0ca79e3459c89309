import { convert } from "./convert.mjs";
import dark from "./dark/index.mjs";
import md3Dark from "./md3-dark/index.mjs";
import md3Light from "./md3-light/index.mjs";
import { toRem } from "./toRem.mjs";
import { toViewport } from "./toViewport.mjs";
const Themes = { dark, md3Light, md3Dark, toViewport, toRem, convert };
const _ThemesComponent = null;
var stdin_default = Themes;
export {
  _ThemesComponent,
  stdin_default as default
};
