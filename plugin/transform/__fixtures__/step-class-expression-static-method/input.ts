export const Mailer = class {
  static async ["send-welcome"](to: string) {
    "use step";
    return `sent to ${to}`;
  }
};
