export async function strict() {
  "use strict";
  "use step";
  return 1;
}
