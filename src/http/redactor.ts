// Removes secrets (API keys, client secrets, access tokens) from any text before it is shown.
// Every message, log line and trace passes through one of these.

export class Redactor {
  private readonly secrets = new Set<string>();

  constructor(secrets: Iterable<string> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string): void {
    // Very short values would blank out ordinary words; real keys are long.
    if (secret.length >= 6) this.secrets.add(secret);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('[REDACTED]');
    return out.replace(/(authorization:\s*bearer\s+)\S+/gi, '$1[REDACTED]');
  }
}
