import Link from 'next/link'

export default function NotFound() {
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is nothing here. <Link href="/classes">See all classes</Link>.
      </p>
    </section>
  )
}
