import { useCallback, useEffect, useRef, useState } from 'react';
import { Button } from 'antd';
import { AudioOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';

export const VOICE_MAX_SECONDS = 60;
const MIN_MS = 800;
/** What the server recognises from the bytes (webm, ogg; mp4 for Safari). */
const TYPES = ['audio/webm;codecs=opus', 'audio/ogg;codecs=opus', 'audio/webm', 'audio/ogg', 'audio/mp4'];

interface PolicyDocument {
  permissionsPolicy?: { allowsFeature(feature: string): boolean };
  featurePolicy?: { allowsFeature(feature: string): boolean };
}

/**
 * Recording needs MediaRecorder, a secure page, and (inside the widget's iframe) the host's permission: where the
 * browser tells us the microphone is not allowed here, the button is left out rather than fail on a tap.
 */
export function voiceSupported(): boolean {
  if (typeof window === 'undefined' || typeof window.MediaRecorder !== 'function' || !navigator.mediaDevices?.getUserMedia) return false;
  const policy = (document as unknown as PolicyDocument).permissionsPolicy ?? (document as unknown as PolicyDocument).featurePolicy;
  try {
    return policy ? policy.allowsFeature('microphone') : true;
  } catch {
    return true;
  }
}

function pickType(): string | undefined {
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type));
}

function extension(mime: string): string {
  if (mime.includes('ogg')) return 'ogg';
  if (mime.includes('mp4')) return 'm4a';
  return 'webm';
}

function clock(seconds: number): string {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

interface Props {
  disabled: boolean;
  onRecorded: (blob: Blob, name: string) => void;
  onError: (message: string | null) => void;
}

type Phase = 'idle' | 'starting' | 'recording';

/** One button to start, a timer and "停止并发送" / "取消" while recording; stops by itself after 60 s. */
export function VoiceRecorder({ disabled, onRecorded, onError }: Props) {
  const { t } = useTranslation();
  const [phase, setPhase] = useState<Phase>('idle');
  const [seconds, setSeconds] = useState(0);
  const recorder = useRef<MediaRecorder | null>(null);
  const stream = useRef<MediaStream | null>(null);
  const chunks = useRef<Blob[]>([]);
  const startedAt = useRef(0);
  const keep = useRef(false);
  const ticker = useRef<ReturnType<typeof setInterval> | null>(null);
  const stopButton = useRef<HTMLButtonElement>(null);
  const startButton = useRef<HTMLButtonElement>(null);
  const onRecordedRef = useRef(onRecorded);
  onRecordedRef.current = onRecorded;

  const release = useCallback(() => {
    if (ticker.current) clearInterval(ticker.current);
    ticker.current = null;
    stream.current?.getTracks().forEach((track) => track.stop());
    stream.current = null;
    recorder.current = null;
  }, []);

  const stop = useCallback((send: boolean) => {
    keep.current = send;
    const r = recorder.current;
    if (r && r.state !== 'inactive') r.stop();
  }, []);

  // Leaving the page (or the chat ending) stops the microphone without sending.
  useEffect(
    () => () => {
      keep.current = false;
      const r = recorder.current;
      if (r && r.state !== 'inactive') r.stop();
      release();
    },
    [release],
  );

  const start = async () => {
    onError(null);
    setPhase('starting');
    try {
      const media = await navigator.mediaDevices.getUserMedia({ audio: true });
      const type = pickType();
      const r = new MediaRecorder(media, type ? { mimeType: type } : undefined);
      stream.current = media;
      recorder.current = r;
      chunks.current = [];
      r.ondataavailable = (e) => {
        if (e.data.size > 0) chunks.current.push(e.data);
      };
      r.onstop = () => {
        const mime = (r.mimeType || type || 'audio/webm').split(';')[0] ?? 'audio/webm';
        const long = Date.now() - startedAt.current >= MIN_MS;
        release();
        setPhase('idle');
        setSeconds(0);
        // Back to the start button for the next recording.
        requestAnimationFrame(() => startButton.current?.focus());
        if (!keep.current) return;
        if (!long || chunks.current.length === 0) {
          onError(t('live.voiceTooShort'));
          return;
        }
        const blob = new Blob(chunks.current, { type: mime });
        onRecordedRef.current(blob, `${t('live.voiceName')}.${extension(mime)}`);
      };
      startedAt.current = Date.now();
      r.start(1000);
      setSeconds(0);
      setPhase('recording');
      ticker.current = setInterval(() => {
        const elapsed = Math.floor((Date.now() - startedAt.current) / 1000);
        setSeconds(Math.min(elapsed, VOICE_MAX_SECONDS));
        if (elapsed >= VOICE_MAX_SECONDS) stop(true);
      }, 250);
      requestAnimationFrame(() => stopButton.current?.focus());
    } catch {
      release();
      setPhase('idle');
      onError(t('live.voiceNoMic'));
    }
  };

  if (phase === 'recording') {
    return (
      <div className="bb-live-recording" role="group" aria-label={t('live.voice')}>
        <span className="bb-live-rec-dot" aria-hidden="true" />
        <span className="bb-live-rec-time" role="timer" aria-live="off">
          {t('live.voiceRecording', { time: clock(seconds), max: clock(VOICE_MAX_SECONDS) })}
        </span>
        <Button ref={stopButton} className="bb-chat-btn" type="primary" danger onClick={() => stop(true)}>
          {t('live.voiceStop')}
        </Button>
        <Button className="bb-chat-btn" onClick={() => stop(false)}>
          {t('live.voiceCancel')}
        </Button>
      </div>
    );
  }
  return (
    <Button
      ref={startButton}
      className="bb-chat-btn bb-live-tool"
      disabled={disabled}
      loading={phase === 'starting'}
      aria-label={t('live.voiceLabel', { max: VOICE_MAX_SECONDS })}
      onClick={() => void start()}
    >
      {phase !== 'starting' && <AudioOutlined aria-hidden="true" />} {phase === 'starting' ? t('live.voiceStarting') : t('live.voice')}
    </Button>
  );
}
