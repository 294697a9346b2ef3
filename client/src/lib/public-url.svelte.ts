// The base URL phones reach Podium at. The organiser often opens the console
// and the projector as localhost on the laptop; links and QR codes built from
// location.origin would then point phones at themselves. The server knows its
// LAN address (or PODIUM_PUBLIC_URL) and says it at /public-url.json.
export const publicUrl = $state({ base: location.origin });

let asked = false;

export function loadPublicUrl(): void {
  if (asked) return;
  asked = true;
  fetch('/public-url.json')
    .then((r) => (r.ok ? (r.json() as Promise<{ baseUrl: string | null }>) : null))
    .then((body) => {
      if (body?.baseUrl) publicUrl.base = body.baseUrl.replace(/\/+$/, '');
    })
    .catch(() => {
      // Offline or an older server: location.origin stays.
    });
}
