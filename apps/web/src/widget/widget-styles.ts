// Styles of the widget's shadow root. `:host { all: initial }` cuts off whatever the host page sets on divs.
export const widgetStyles = `
:host { all: initial; }
* { box-sizing: border-box; }
[hidden] { display: none !important; }
.sr-only { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden; clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
.launcher {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
  display: inline-flex; align-items: center; gap: 8px;
  min-height: 56px; padding: 8px 20px 8px 10px;
  border: 2px solid #fff; border-radius: 28px;
  background: #0958d9; color: #fff; cursor: pointer;
  font: 600 18px/1.2 -apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif;
  box-shadow: 0 4px 16px rgba(0, 0, 0, 0.28);
}
.launcher:hover { background: #003eb3; }
.launcher:focus-visible, .close:focus-visible { outline: 3px solid #ffbf00; outline-offset: 2px; }
.logo {
  display: inline-flex; align-items: center; justify-content: center;
  width: 38px; height: 38px; border-radius: 50%;
  background: #fff; color: #0958d9; font-size: 20px; font-weight: 700;
}
.logo.small { width: 30px; height: 30px; font-size: 17px; }
.panel {
  position: fixed; right: 16px; bottom: 16px; z-index: 2147483000;
  display: flex; flex-direction: column;
  width: 380px; height: 600px; max-height: calc(100vh - 32px);
  background: #fff; border-radius: 12px; overflow: hidden;
  box-shadow: 0 8px 32px rgba(0, 0, 0, 0.3);
  font: 16px/1.5 -apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif;
}
.header {
  flex: none; display: flex; align-items: center; justify-content: space-between; gap: 8px;
  min-height: 52px; padding: 4px 4px 4px 12px; background: #0958d9; color: #fff;
}
.title { display: inline-flex; align-items: center; gap: 8px; font-size: 18px; font-weight: 600; }
.close {
  display: inline-flex; align-items: center; gap: 4px;
  min-width: 44px; min-height: 44px; padding: 0 12px;
  border: 0; border-radius: 8px; background: transparent; color: #fff; cursor: pointer;
  font: inherit; font-size: 16px;
}
.close span:first-child { font-size: 28px; line-height: 1; }
.close:hover { background: rgba(255, 255, 255, 0.18); }
.frame { flex: 1; width: 100%; min-height: 0; border: 0; display: block; }
/* 长辈版: a larger panel for the larger type inside. */
:host(.elder) .panel { width: 440px; height: 720px; }
:host(.elder) .launcher { font-size: 22px; min-height: 64px; }
:host(.elder) .title { font-size: 22px; }
:host(.elder) .close { font-size: 20px; min-height: 52px; }
@media (max-width: 480px) {
  .panel { inset: 0; width: 100%; height: 100%; max-height: none; border-radius: 0; }
  .launcher { right: 12px; bottom: 12px; }
  :host(.elder) .panel { width: 100%; height: 100%; }
}
`;
