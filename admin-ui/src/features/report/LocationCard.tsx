/**
 * Where it happened: coordinates and a link to OpenStreetMap. No embedded map:
 * the CSP allows images from this site only, and tiles would leak the location.
 */
import { useI18n } from '../../i18n/i18n';

export function LocationCard({ lat, lng }: { lat: number; lng: number }) {
  const { t } = useI18n();
  const href = `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lng}#map=17/${lat}/${lng}`;
  return (
    <section className="card location" aria-labelledby="location-title">
      <h3 id="location-title">{t('location')}</h3>
      <p className="coords">{lat.toFixed(5)}, {lng.toFixed(5)}</p>
      <a href={href} target="_blank" rel="noopener noreferrer">{t('openMap')}</a>
    </section>
  );
}
