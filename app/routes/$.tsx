/** Any address no other route matches: the root error boundary shows a friendly 404. */
export function loader() {
  throw new Response("Not found", { status: 404 });
}

export default function NotFound() {
  return null;
}
