export default async function globalTeardown() {
  await globalThis.__ENTITLE_PG__?.stop();
}
