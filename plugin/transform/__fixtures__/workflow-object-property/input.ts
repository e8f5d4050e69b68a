export const workflows = {
  daily: async (day: string) => {
    "use workflow";
    return day;
  },
};
