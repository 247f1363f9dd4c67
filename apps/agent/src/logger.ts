/** One line per event with an ISO timestamp. Any secret it is given is masked, should it ever reach a message. */
export function createLogger(write: (text: string) => void, secrets: readonly string[] = []): (message: string) => void {
  const masked = secrets.filter((s) => s.length >= 8);
  return (message: string) => {
    let line = message.replace(/[\r\n]+/g, ' ');
    for (const secret of masked) line = line.split(secret).join('***');
    write(`${new Date().toISOString()} ${line}\n`);
  };
}
