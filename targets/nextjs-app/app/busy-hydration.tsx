'use client'

// Fault home-long-task: a component that computes "recommendations" on the main thread at hydration.
import { useEffect } from 'react'

export function BusyHydration() {
  useEffect(() => {
    const until = performance.now() + 700
    let spin = 0
    while (performance.now() < until) spin += Math.sqrt(spin + 1)
    ;(window as unknown as { __recommendationScore?: number }).__recommendationScore = spin
  }, [])
  return null
}
