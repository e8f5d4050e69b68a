import { defineFrameworkSuite } from "./support/define-framework-suite.ts";
import { FRAMEWORKS } from "./support/frameworks.ts";

defineFrameworkSuite(FRAMEWORKS["solidstart"]);
