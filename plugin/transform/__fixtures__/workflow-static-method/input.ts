export class Flows {
  static async ingest(source: string) {
    "use workflow";
    return source;
  }
}
