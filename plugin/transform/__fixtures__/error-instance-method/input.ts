export class Service {
  async fetchData() {
    "use step";
    return 1;
  }
}
