export default function Home() {
  return <h1>SolidStart fixture</h1>;
}
