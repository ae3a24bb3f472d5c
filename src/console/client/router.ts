/** The console's address: `#/<page>?<params>`, so reload, back and links keep the view. */
export interface Route {
  page: string;
  params: URLSearchParams;
}

export function currentRoute(defaultPage: string): Route {
  const [path = '', query = ''] = window.location.hash.replace(/^#\/?/, '').split('?', 2);
  return { page: path || defaultPage, params: new URLSearchParams(query) };
}

export function routeHash(page: string, params: Record<string, string | number | undefined> = {}) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') query.set(key, String(value));
  }
  const text = query.toString();
  return `#/${page}${text ? `?${text}` : ''}`;
}
