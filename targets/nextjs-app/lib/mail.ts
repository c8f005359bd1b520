// Outgoing email. Without a provider configured, nothing is sent; with MAIL_OUTBOX_DIR set (test
// environments), each message is written there as JSON, like a file transport or a local mail catcher.
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface Message {
  to: string
  subject: string
  text: string
  link?: string
}

export function mailConfigured(): boolean {
  return Boolean(process.env.MAIL_OUTBOX_DIR)
}

export async function sendMail(message: Message): Promise<void> {
  const outbox = process.env.MAIL_OUTBOX_DIR
  if (!outbox) return
  await mkdir(outbox, { recursive: true })
  const safe = message.to.replace(/[^a-zA-Z0-9@._+-]/g, '_')
  await writeFile(join(outbox, `${Date.now()}-${safe}.json`), JSON.stringify(message, null, 2))
}
