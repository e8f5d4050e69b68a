export default async function importCsv(url: string) {
  "use workflow";
  return url;
}
