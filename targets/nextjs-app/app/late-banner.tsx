'use client'

// Fault home-layout-shift: a promo that appears late, above the content, and pushes it down.
import { useEffect, useState } from 'react'

export function LateBanner() {
  const [shown, setShown] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), 800)
    return () => clearTimeout(timer)
  }, [])
  if (!shown) return null
  return (
    <aside className="promo" style={{ minHeight: 320 }}>
      <p>Spring sale: 20% off every ceramics class booked this week.</p>
    </aside>
  )
}
