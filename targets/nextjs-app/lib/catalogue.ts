// The class catalogue: seeded, read-only data (a real deployment would read it from Postgres).

export type Craft = 'ceramics' | 'woodwork' | 'printmaking' | 'textiles' | 'glass'

export const CRAFTS: { id: Craft; label: string }[] = [
  { id: 'ceramics', label: 'Ceramics' },
  { id: 'woodwork', label: 'Woodwork' },
  { id: 'printmaking', label: 'Printmaking' },
  { id: 'textiles', label: 'Textiles' },
  { id: 'glass', label: 'Glass' },
]

export interface ClassInfo {
  slug: string
  title: string
  craft: Craft
  studio: string
  neighbourhood: string
  summary: string
  feeCents: number
  durationMin: number
  seatsPerSession: number
  image: string
}

export interface ClassSession {
  id: string // e.g. "2030-06-01T10:00"
  startsAt: string // ISO date-time, local to the studio
}

export const CLASSES: ClassInfo[] = [
  {
    slug: 'wheel-throwing-basics',
    title: 'Wheel throwing for beginners',
    craft: 'ceramics',
    studio: 'Kiln Yard',
    neighbourhood: 'Canal district',
    summary: 'Centre clay, pull your first walls and trim two bowls to take home after firing.',
    feeCents: 6500,
    durationMin: 180,
    seatsPerSession: 8,
    image: '/img/classes/ceramics.jpg',
  },
  {
    slug: 'hand-built-planters',
    title: 'Hand-built planters',
    craft: 'ceramics',
    studio: 'Kiln Yard',
    neighbourhood: 'Canal district',
    summary: 'Pinch, coil and slab techniques for a pair of glazed planters.',
    feeCents: 5200,
    durationMin: 150,
    seatsPerSession: 10,
    image: '/img/classes/planters.jpg',
  },
  {
    slug: 'spoon-carving',
    title: 'Green wood spoon carving',
    craft: 'woodwork',
    studio: 'Shavings & Co',
    neighbourhood: 'Old harbour',
    summary: 'Split, axe and knife-finish a cherry wood spoon with safe carving grips.',
    feeCents: 5800,
    durationMin: 240,
    seatsPerSession: 6,
    image: '/img/classes/woodwork.jpg',
  },
  {
    slug: 'dovetail-box',
    title: 'Hand-cut dovetail box',
    craft: 'woodwork',
    studio: 'Shavings & Co',
    neighbourhood: 'Old harbour',
    summary: 'Mark, saw and chop through-dovetails for a small oak keepsake box.',
    feeCents: 12000,
    durationMin: 420,
    seatsPerSession: 5,
    image: '/img/classes/box.jpg',
  },
  {
    slug: 'linocut-prints',
    title: 'Linocut printing',
    craft: 'printmaking',
    studio: 'Press Room',
    neighbourhood: 'University quarter',
    summary: 'Design, carve and hand-burnish a small edition of two-colour prints.',
    feeCents: 4800,
    durationMin: 180,
    seatsPerSession: 10,
    image: '/img/classes/print.jpg',
  },
  {
    slug: 'risograph-zine',
    title: 'Make a risograph zine',
    craft: 'printmaking',
    studio: 'Press Room',
    neighbourhood: 'University quarter',
    summary: 'Lay out an eight-page zine and print it in two spot colours.',
    feeCents: 5500,
    durationMin: 210,
    seatsPerSession: 8,
    image: '/img/classes/zine.jpg',
  },
  {
    slug: 'natural-dye',
    title: 'Natural dyeing with plants',
    craft: 'textiles',
    studio: 'Indigo Loft',
    neighbourhood: 'Market hill',
    summary: 'Mordant and dye silk and wool with madder, weld and an indigo vat.',
    feeCents: 6000,
    durationMin: 240,
    seatsPerSession: 8,
    image: '/img/classes/textiles.jpg',
  },
  {
    slug: 'frame-loom-weaving',
    title: 'Frame loom weaving',
    craft: 'textiles',
    studio: 'Indigo Loft',
    neighbourhood: 'Market hill',
    summary: 'Warp a frame loom and weave a wall hanging with tabby, soumak and rya knots.',
    feeCents: 4500,
    durationMin: 180,
    seatsPerSession: 10,
    image: '/img/classes/loom.jpg',
  },
  {
    slug: 'stained-glass-suncatcher',
    title: 'Stained glass suncatcher',
    craft: 'glass',
    studio: 'Leadlight Works',
    neighbourhood: 'Station row',
    summary: 'Score, break, foil and solder a small Tiffany-style panel.',
    feeCents: 7500,
    durationMin: 240,
    seatsPerSession: 6,
    image: '/img/classes/glass.jpg',
  },
  {
    slug: 'fused-glass-dishes',
    title: 'Fused glass dishes',
    craft: 'glass',
    studio: 'Leadlight Works',
    neighbourhood: 'Station row',
    summary: 'Cut and arrange sheet glass for two dishes, kiln-fused and slumped for you.',
    feeCents: 6800,
    durationMin: 150,
    seatsPerSession: 8,
    image: '/img/classes/fused.jpg',
  },
]

export function findClass(slug: string): ClassInfo | undefined {
  return CLASSES.find((info) => info.slug === slug)
}

export function craftLabel(craft: Craft): string {
  return CRAFTS.find((c) => c.id === craft)?.label ?? craft
}

/** The next four sessions of a class: Saturdays and Wednesdays from next week, at fixed hours. */
export function upcomingSessions(info: ClassInfo, today: Date = new Date()): ClassSession[] {
  const hour = 10 + (info.slug.length % 3) * 3 // 10:00, 13:00 or 16:00, stable per class
  const sessions: ClassSession[] = []
  const day = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + 7))
  while (sessions.length < 4) {
    const weekday = day.getUTCDay()
    if (weekday === 3 || weekday === 6) {
      const date = day.toISOString().slice(0, 10)
      const time = `${String(hour).padStart(2, '0')}:00`
      sessions.push({ id: `${date}T${time}`, startsAt: `${date}T${time}:00` })
    }
    day.setUTCDate(day.getUTCDate() + 1)
  }
  return sessions
}

export function formatFee(cents: number): string {
  return new Intl.NumberFormat('en-IE', { style: 'currency', currency: 'EUR' }).format(cents / 100)
}

export function formatSession(startsAt: string): string {
  const date = new Date(`${startsAt}Z`)
  return new Intl.DateTimeFormat('en-GB', {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'UTC',
  }).format(date)
}

/** A class as the public API shows it. */
export function publicClass(info: ClassInfo) {
  return {
    slug: info.slug,
    title: info.title,
    craft: info.craft,
    studio: info.studio,
    fee: { amount: info.feeCents, currency: 'EUR' },
    durationMin: info.durationMin,
    url: `/classes/${info.slug}`,
  }
}
