export async function strict() {
  "use strict";

  return 1;
}
