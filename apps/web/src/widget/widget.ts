// The 小申 widget: one script tag on any 一网通办 page adds a floating button that opens the chat in a panel.
//   <script src="https://HOST/widget.js" data-matter="MATTER_CODE" async></script>
// Optional `data-elder="1"` opens the chat in 长辈版 (a portal's own 长辈版 page), `data-elder="0"` never.
// Everything it draws lives in a shadow root, so no style leaks into the host page and the host's CSS
// cannot break the button. No dependencies: this file is the whole bundle.
import { widgetStyles } from './widget-styles.ts';

const CLOSE_MESSAGE = 'bangban:close';
const HOST_ID = 'bangban-xiaoshen-widget';
// 长辈版: the same names as apps/web/src/modules/assistant/elderMode.ts (this bundle imports nothing from the app).
const ELDER_MESSAGE = 'bangban:elder';
const ELDER_STORAGE_KEY = 'bangban.elderMode';

interface WidgetApi {
  open(): void;
  close(): void;
}

declare global {
  interface Window {
    BangbanWidget?: WidgetApi;
  }
}

// Read while the script runs: `document.currentScript` is null afterwards (and inside callbacks).
const script = document.currentScript as HTMLScriptElement | null;

/**
 * 长辈版 as this page knows it: the script tag's `data-elder="1"`/`"0"`, else the page's `?elder=1`/`?elder=0`,
 * else what the citizen last chose inside the widget on this site; null when never chosen (the chat then
 * keeps its own remembered setting). Passed to the chat as `?elder=`, so the same setting applies inside.
 */
function hostElder(attr: string | undefined): boolean | null {
  const parse = (v: string | null | undefined) => (v === '1' ? true : v === '0' ? false : null);
  const fromAttr = parse(attr);
  if (fromAttr !== null) return fromAttr;
  const fromUrl = parse(new URLSearchParams(location.search).get('elder'));
  if (fromUrl !== null) {
    rememberElder(fromUrl);
    return fromUrl;
  }
  try {
    return parse(localStorage.getItem(ELDER_STORAGE_KEY));
  } catch {
    return null;
  }
}

function rememberElder(on: boolean): void {
  try {
    localStorage.setItem(ELDER_STORAGE_KEY, on ? '1' : '0');
  } catch {
    // storage blocked: the chat still remembers it in its own frame
  }
}

function chatUrl(origin: string, matter: string | undefined, elder: boolean | null): string {
  const url = new URL('/chat', origin);
  url.searchParams.set('embed', '1');
  if (matter) url.searchParams.set('matter', matter);
  if (elder !== null) url.searchParams.set('elder', elder ? '1' : '0');
  // The page the citizen was on, without its query string (it may carry someone's tokens).
  url.searchParams.set('page', `${location.origin}${location.pathname}`.slice(0, 1000));
  return url.toString();
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string>, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text) node.textContent = text;
  return node;
}

function mount(origin: string, matter: string | undefined, elderAttr: string | undefined): WidgetApi {
  let elder = hostElder(elderAttr);
  const host = el('div', { id: HOST_ID, lang: 'zh-CN' });
  // A larger panel in 长辈版 (the launcher is large in both).
  const markElder = () => host.classList.toggle('elder', elder === true);
  markElder();
  const root = host.attachShadow({ mode: 'open' });
  const style = document.createElement('style');
  style.textContent = widgetStyles;

  const launcher = el('button', { type: 'button', class: 'launcher', 'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'bb-panel' });
  // Named by its own text, "问小申" plus a hidden "：打开小申智能客服", so the spoken name holds the visible one
  // (WCAG 2.5.3 label in name) and still says what it opens.
  launcher.append(
    el('span', { class: 'logo', 'aria-hidden': 'true' }, '申'),
    el('span', { class: 'label' }, '问小申'),
    el('span', { class: 'sr-only' }, '：打开小申智能客服'),
  );

  const panel = el('div', { id: 'bb-panel', class: 'panel', role: 'dialog', 'aria-label': '小申智能客服', hidden: '' });
  const header = el('div', { class: 'header' });
  const title = el('span', { class: 'title' });
  title.append(el('span', { class: 'logo small', 'aria-hidden': 'true' }, '申'), document.createTextNode('小申智能客服'));
  const close = el('button', { type: 'button', class: 'close', 'aria-label': '关闭小申' });
  close.append(el('span', { 'aria-hidden': 'true' }, '×'), el('span', { class: 'close-text' }, '关闭'));
  header.append(title, close);
  panel.append(header);
  root.append(style, launcher, panel);

  let frame: HTMLIFrameElement | null = null;

  const open = () => {
    if (!frame) {
      // Created on first open: a page that never opens 小申 loads nothing but this script.
      frame = el('iframe', { class: 'frame', title: '小申智能客服对话', src: chatUrl(origin, matter, elder), allow: 'clipboard-write; microphone' });
      panel.append(frame);
    }
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute('aria-expanded', 'true');
    close.focus();
  };
  const hide = () => {
    if (panel.hidden) return;
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  };

  launcher.addEventListener('click', open);
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') hide();
  });
  // Escape pressed inside the chat arrives as a message; only the chat's own frame is listened to.
  window.addEventListener('message', (e: MessageEvent) => {
    if (e.origin !== origin || !frame || e.source !== frame.contentWindow) return;
    const data = e.data as { type?: unknown; on?: unknown } | null;
    if (data?.type === CLOSE_MESSAGE) hide();
    // The citizen switched 长辈版 / 标准版 inside the chat: the next page of this site opens it the same way.
    if (data?.type === ELDER_MESSAGE && typeof data.on === 'boolean') {
      elder = data.on;
      rememberElder(elder);
      markElder();
    }
  });

  const attach = () => document.body.append(host);
  if (document.body) attach();
  else document.addEventListener('DOMContentLoaded', attach, { once: true });
  return { open, close: hide };
}

if (script?.src && !document.getElementById(HOST_ID)) {
  const origin = new URL(script.src, location.href).origin;
  window.BangbanWidget = mount(origin, script.dataset.matter?.trim() || undefined, script.dataset.elder?.trim());
}
