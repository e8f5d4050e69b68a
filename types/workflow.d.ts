/**
 * Types for the bare specifiers `workflow` and `workflow/api`, which the vite-workflow plugins resolve to this
 * package. Add `"types": ["vite-workflow/types"]` to `compilerOptions` in tsconfig.json (or
 * `/// <reference types="vite-workflow/types" />` in a .d.ts) and code written from the Workflow DevKit
 * docs type-checks unchanged.
 */
declare module "workflow" {
  export * from "vite-workflow";
}

declare module "workflow/api" {
  export * from "vite-workflow/api";
}
