// Times are shown in Beijing time whatever the device's zone: office hours are Beijing hours.
import { currentLanguage } from '../../app/i18n/index.ts';

const ZONE = 'Asia/Shanghai';

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(iso));
}

/** "3月4日星期三 09:00": for when a ticket will be taken up, or until when a rating can be changed. */
export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(currentLanguage(), {
    timeZone: ZONE,
    month: 'long',
    day: 'numeric',
    weekday: 'long',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
