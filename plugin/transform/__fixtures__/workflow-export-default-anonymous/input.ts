export default async function (url: string) {
  "use workflow";
  return url;
}
