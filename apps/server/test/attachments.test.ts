import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { crc32, deflateRawSync } from 'node:zlib';
import { startCitizenSession } from '../src/modules/identity/citizen.commands.ts';
import { startTestServer, type TestServer } from './support/harness.ts';

// Tiny files built by hand: the server must tell them apart by their bytes alone.
const b = (...parts: (string | number[] | Buffer)[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
const JPEG = b([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10], 'JFIF', [0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const GIF = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const WEBP = b('RIFF', [26, 0, 0, 0], 'WEBPVP8L', [13, 0, 0, 0, 0x2f, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xfe, 0x07, 0]);
// EBML header with DocType "webm", as Chrome's MediaRecorder (audio/webm;codecs=opus) writes it.
const WEBM = b([0x1a, 0x45, 0xdf, 0xa3, 0x9f, 0x42, 0x86, 0x81, 0x01, 0x42, 0xf7, 0x81, 0x01, 0x42, 0xf2, 0x81, 0x04, 0x42, 0xf3, 0x81, 0x08, 0x42, 0x82, 0x84], 'webm', [0x42, 0x87, 0x81, 0x04, 0x42, 0x85, 0x81, 0x02, 0x18, 0x53, 0x80, 0x67]);
const OGG = b('OggS', [0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 19], 'OpusHead', [1, 1, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, 0]);
const M4A = b([0, 0, 0, 0x1c], 'ftypM4A ', [0, 0, 0, 0], 'M4A isommp42', [0, 0, 0, 8], 'free');
const MP3 = b('ID3', [3, 0, 0, 0, 0, 0, 0], [0xff, 0xfb, 0x90, 0x64, 0, 0, 0, 0]);
const WAV = b('RIFF', [36, 0, 0, 0], 'WAVEfmt ', [16, 0, 0, 0, 1, 0, 1, 0, 0x40, 0x1f, 0, 0, 0x80, 0x3e, 0, 0, 2, 0, 16, 0], 'data', [0, 0, 0, 0]);
const PDF = b('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');
const TEXT = Buffer.from('办理居住证需要哪些材料？\r\n身份证、租房合同。\n', 'utf8');
const EXE = b('MZ', [0x90, 0, 3, 0, 0, 0, 4, 0], Buffer.alloc(50), 'This program cannot be run in DOS mode.');
const SVG = b('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
const HTML = Buffer.from('\ufeff  <!doctype html><html><script>alert(1)</script></html>', 'utf8');

/** A minimal zip (deflated entries, central directory, end record): [Content_Types].xml goes last, as openpyxl writes it. */
function zip(entries: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(entries)) {
    const raw = Buffer.from(text, 'utf8');
    const data = deflateRawSync(raw);
    const n = Buffer.from(name, 'utf8');
    const fields = (h: Buffer, at: number) => {
      h.writeUInt16LE(8, at);
      h.writeUInt32LE(crc32(raw), at + 6);
      h.writeUInt32LE(data.length, at + 10);
      h.writeUInt32LE(raw.length, at + 14);
      h.writeUInt16LE(n.length, at + 18);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 8);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(20, 4);
    cd.writeUInt16LE(20, 6);
    fields(cd, 10);
    cd.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    central.push(cd, n);
    offset += 30 + n.length + data.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(entries).length, 8);
  end.writeUInt16LE(Object.keys(entries).length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}
const types = (main: string) =>
  `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/x.xml" ContentType="application/vnd.openxmlformats-officedocument.${main}.main+xml"/></Types>`;
const DOCX = zip({ 'word/document.xml': '<w:document/>', '[Content_Types].xml': types('wordprocessingml.document') });
const XLSX = zip({ 'xl/workbook.xml': '<workbook/>', '[Content_Types].xml': types('spreadsheetml.sheet') });
const PLAIN_ZIP = zip({ 'readme.txt': 'hello' });
const DOCM = zip({ 'word/document.xml': '<w:document/>', 'word/vbaProject.bin': 'macro', '[Content_Types].xml': types('wordprocessingml.document') });

function form(file: Buffer, filename: string, contentType = 'application/octet-stream') {
  const boundary = `----bb${randomBytes(6).toString('hex')}`;
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`;
  return { payload: Buffer.concat([Buffer.from(head, 'utf8'), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('attachments API', () => {
  let s: TestServer;
  let dataDir: string;
  let citizen: string;
  let auth: { authorization: string };
  const LIMIT_KB = 20;

  before(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'bb-attach-'));
    const mb = String(LIMIT_KB / 1024);
    s = await startTestServer({ env: { DATA_DIR: dataDir, ATTACHMENT_MAX_IMAGE_MB: mb, ATTACHMENT_MAX_VOICE_MB: mb, ATTACHMENT_MAX_FILE_MB: mb } });
    const c = await startCitizenSession(s.ctx);
    citizen = c.citizenId;
    auth = { authorization: `Bearer ${c.token}` };
  });
  after(async () => {
    await s.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const upload = async (file: Buffer, name: string, headers: Record<string, string> = auth, type?: string) => {
    const f = form(file, name, type);
    const res = await s.app.inject({ method: 'POST', url: '/api/attachments', payload: f.payload, headers: { ...f.headers, ...headers } });
    return { status: res.statusCode, body: res.json() };
  };
  /** Every upload must leave no temp file behind, accepted or not. */
  const leftovers = () => [join(dataDir, 'tmp', 'attachments'), join(dataDir, 'blobs', '.tmp')].flatMap((d) => { try { return readdirSync(d); } catch { return []; } });
  const rowCount = async () => Number((await s.ctx.db.selectFrom('attachments').select((e) => e.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

  const accepted: [string, Buffer, string, string, string][] = [
    ['PNG', PNG, 'image', 'image/png', 'shot.png'],
    ['JPEG', JPEG, 'image', 'image/jpeg', 'shot.jpeg'],
    ['GIF', GIF, 'image', 'image/gif', 'a.gif'],
    ['WebP', WEBP, 'image', 'image/webp', 'a.webp'],
    ['WebM (Chrome)', WEBM, 'voice', 'audio/webm', 'voice.webm'],
    ['Ogg Opus (Firefox)', OGG, 'voice', 'audio/ogg', 'voice.ogg'],
    ['M4A (Safari)', M4A, 'voice', 'audio/mp4', 'voice.m4a'],
    ['MP3', MP3, 'voice', 'audio/mpeg', 'voice.mp3'],
    ['WAV', WAV, 'voice', 'audio/wav', 'voice.wav'],
    ['PDF', PDF, 'file', 'application/pdf', '材料.pdf'],
    ['DOCX', DOCX, 'file', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', '申请表.docx'],
    ['XLSX', XLSX, 'file', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', '清单.xlsx'],
    ['plain text', TEXT, 'file', 'text/plain', '问题.txt'],
  ];
  for (const [label, bytes, kind, mime, name] of accepted) {
    test(`accepts ${label} by its bytes`, async () => {
      const res = await upload(bytes, name);
      assert.equal(res.status, 201, JSON.stringify(res.body));
      assert.deepEqual({ kind: res.body.kind, mime: res.body.mime, size: res.body.size, name: res.body.name }, { kind, mime, size: bytes.length, name });
      assert.equal(res.body.url, `/api/attachments/${res.body.id}`);
    });
  }

  test('a PNG named .exe is an image (saved back as .png); an EXE named .png is refused', async () => {
    const png = await upload(PNG, 'photo.exe', auth, 'application/x-msdownload');
    assert.equal(png.status, 201);
    assert.deepEqual([png.body.kind, png.body.mime, png.body.name], ['image', 'image/png', 'photo.png']);
    const before = await rowCount();
    const exe = await upload(EXE, 'photo.png', auth, 'image/png');
    assert.equal(exe.status, 415);
    assert.equal(exe.body.error.code, 'ATTACHMENT_UNSAFE_TYPE');
    assert.match(exe.body.error.message, /不能发送程序/);
    assert.equal(await rowCount(), before);
    assert.deepEqual(leftovers(), []);
  });

  test('SVG, HTML, macro documents, plain zips, binary junk and empty files are refused', async () => {
    for (const [bytes, name, code] of [
      [SVG, 'logo.svg', 'ATTACHMENT_UNSAFE_TYPE'],
      [HTML, 'page.txt', 'ATTACHMENT_UNSAFE_TYPE'],
      [DOCM, 'a.docx', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
      [PLAIN_ZIP, 'a.docx', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
      [b([0, 1, 2, 3, 0xfe, 0xff]), 'a.bin', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
      [Buffer.concat([Buffer.from('a'.repeat(5000)), b([0xc3, 0x28])]), 'late-bad-utf8.txt', 'ATTACHMENT_TYPE_NOT_ALLOWED'],
      [Buffer.alloc(0), 'empty.txt', 'ATTACHMENT_EMPTY'],
    ] as const) {
      const res = await upload(bytes, name);
      assert.equal(res.body.error?.code, code, name);
    }
    assert.deepEqual(leftovers(), []);
  });

  test('an upload over its kind limit is refused and nothing is left behind', async () => {
    const before = await rowCount();
    const big = Buffer.concat([PNG, randomBytes(LIMIT_KB * 1024)]);
    const res = await upload(big, 'big.png');
    assert.equal(res.status, 413);
    assert.equal(res.body.error.code, 'ATTACHMENT_TOO_LARGE');
    assert.equal(res.body.error.message, `图片不能超过 ${LIMIT_KB} KB，请压缩后再发送。`);
    assert.equal(await rowCount(), before);
    assert.deepEqual(leftovers(), []);
  });

  test('download: stored type, inline or attachment with the UTF-8 name, nosniff, CSP, caching', async () => {
    const img = (await upload(PNG, '截图 1.png')).body;
    const res = await s.app.inject({ method: 'GET', url: img.url, headers: auth });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.rawPayload, PNG);
    assert.equal(res.headers['content-type'], 'image/png');
    assert.equal(res.headers['content-disposition'], `inline; filename="__ 1.png"; filename*=UTF-8''%E6%88%AA%E5%9B%BE%201.png`);
    assert.equal(res.headers['x-content-type-options'], 'nosniff');
    assert.match(String(res.headers['content-security-policy']), /^default-src 'none'/);
    assert.equal(res.headers['cache-control'], 'private, max-age=31536000, immutable');
    const again = await s.app.inject({ method: 'GET', url: img.url, headers: { ...auth, 'if-none-match': String(res.headers.etag) } });
    assert.equal(again.statusCode, 304);

    // Directories dropped; the right-to-left override that would show "问题exe.txt" as a .txt is removed, and
    // the extension follows the bytes.
    const txt = (await upload(TEXT, '../etc\\问题<1>\u202etxt.exe')).body;
    assert.equal(txt.name, '问题1txt.txt');
    const dl = await s.app.inject({ method: 'GET', url: txt.url, headers: auth });
    assert.equal(dl.headers['content-type'], 'text/plain; charset=utf-8');
    assert.match(String(dl.headers['content-disposition']), /^attachment; /);
    assert.equal(dl.body, TEXT.toString('utf8'));
  });

  test('an attachment not yet sent in a chat is its uploader\'s alone', async () => {
    const mine = (await upload(PNG, 'mine.png')).body;
    const other = await startCitizenSession(s.ctx);
    const asOther = await s.app.inject({ method: 'GET', url: mine.url, headers: { authorization: `Bearer ${other.token}` } });
    assert.equal(asOther.statusCode, 404);
    assert.equal(asOther.json().error.code, 'ATTACHMENT_NOT_FOUND');
    assert.equal((await s.app.inject({ method: 'GET', url: mine.url })).statusCode, 401);
    assert.equal((await s.app.inject({ method: 'GET', url: mine.url, headers: { authorization: 'Bearer nope' } })).json().error.code, 'CITIZEN_TOKEN_INVALID');

    const org = await s.seedOrg();
    const agent = await s.as('agent', org.group);
    assert.equal((await agent.get(mine.url)).status, 404, 'staff read it once it is in a conversation of their scope (conversations-desk.test.ts)');
    const kb = await s.as('kb_operator', org.civil);
    assert.equal((await kb.get(mine.url)).status, 404);
    // Staff upload with their session; the citizen cannot read it back.
    const f = form(PDF, '回复.pdf');
    const staffUp = await s.app.inject({ method: 'POST', url: '/api/attachments', payload: f.payload, headers: { ...f.headers, cookie: kb.cookie } });
    assert.equal(staffUp.statusCode, 201);
    assert.equal((await kb.get(staffUp.json().url)).status, 200);
    assert.equal((await s.app.inject({ method: 'GET', url: staffUp.json().url, headers: auth })).statusCode, 404);
    const row = await s.ctx.db.selectFrom('attachments').selectAll().where('id', '=', mine.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.uploaded_by_kind, row.uploaded_by, row.conversation_id], ['citizen', citizen, null]);
  });
});
