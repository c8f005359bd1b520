// Runs once when the server starts: refuse unknown fault names (one line, exit 2) and say which are on.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return
  const { activeFaults, unknownFaults, KNOWN_FAULTS } = await import('@/lib/faults')
  const unknown = unknownFaults()
  if (unknown.length) {
    console.error(`loomhall: unknown fault ${JSON.stringify(unknown[0])} in NEXTAPP_FAULTS; known: ${KNOWN_FAULTS.join(', ')}`)
    process.exit(2)
  }
  const active = [...activeFaults()]
  if (active.length) console.log(`loomhall: faults on: ${active.join(', ')}`)
}
