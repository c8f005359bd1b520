// The faults switched on for this run: NEXTAPP_FAULTS=a,b at start, read at request time.
// Shared by middleware (edge runtime) and the Node route handlers; the catalogue is faults.json.
import catalogue from '@/faults.json'

export const KNOWN_FAULTS: readonly string[] = catalogue.faults.map((fault) => fault.name)

export function activeFaults(): Set<string> {
  const raw = process.env.NEXTAPP_FAULTS ?? ''
  return new Set(
    raw
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean),
  )
}

export function faultOn(name: string): boolean {
  return activeFaults().has(name)
}

/** The names in NEXTAPP_FAULTS that faults.json does not know. */
export function unknownFaults(): string[] {
  return [...activeFaults()].filter((name) => !KNOWN_FAULTS.includes(name))
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
