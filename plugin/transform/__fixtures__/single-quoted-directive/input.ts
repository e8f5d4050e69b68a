export async function quoted() {
  'use step'
  return 'single'
}

export async function flow() { 'use workflow'; return quoted() }
