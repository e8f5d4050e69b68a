export const flow = () => {
  "use workflow";
  return 1;
};
