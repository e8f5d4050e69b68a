import { index, route } from "@react-router/dev/routes";

export default [
  index("routes/home.tsx"),
  route("api/start", "routes/api-start.ts"),
  route("api/result", "routes/api-result.ts"),
  route(".well-known/workflow/*", "routes/workflow.ts"),
];
