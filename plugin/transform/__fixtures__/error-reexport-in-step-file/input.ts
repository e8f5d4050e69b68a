"use step";

export * from "./other";
