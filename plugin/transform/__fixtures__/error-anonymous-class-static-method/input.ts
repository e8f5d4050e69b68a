export default class {
  static async run() {
    "use step";
    return 1;
  }
}
