export const Mailer = class {
  static async ["send-welcome"](to: string) {

    return `sent to ${to}`;
  }
};
