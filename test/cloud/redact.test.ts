import { describe, expect, it } from 'vitest';
import { Redactor, REDACTED } from '../../src/cloud/http/redact.js';

const SECRET = 'SK-SENTINEL-7f3a9c';
const TOKEN = 'MIIT-TOKEN-SENTINEL-44';
const STS = 'STS-SENTINEL-91';

describe('Redactor', () => {
  const redactor = new Redactor([SECRET, TOKEN, STS, 'abc']);

  it('removes known secret values anywhere', () => {
    const out = redactor.redact(`key ${SECRET} in the middle, token=${TOKEN}; and ${STS}`);
    for (const s of [SECRET, TOKEN, STS]) expect(out).not.toContain(s);
    expect(out).toContain(REDACTED);
  });

  it('masks credential headers and fields even when the value is unknown', () => {
    const echoed = [
      'Authorization: SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=0123456789abcdef0123456789abcdef',
      'X-Auth-Token: unknown-token-value',
      'x-security-token:unknown-sts|host:vpc.example.com',
      '{"password":"hunter2-unknown","user":"alice"}',
      'OS_PASSWORD=hunter3 HW_SECRET_KEY=zzz',
      '{"x-auth-token":"json-unknown-token","X-Security-Token": "json-unknown-sts"}',
    ].join('\n');
    const out = new Redactor().redact(echoed);
    for (const s of ['unknown-token-value', 'unknown-sts', 'hunter2-unknown', 'hunter3', 'zzz', '0123456789abcdef0123456789abcdef', 'json-unknown-token', 'json-unknown-sts']) {
      expect(out).not.toContain(s);
    }
    expect(out).toContain('host:vpc.example.com');
    expect(out).toContain('"user":"alice"');
  });

  it('redacts a gateway 0301 message that embeds its canonical request with the security token', () => {
    const msg = `verify aksk signature fail,canonicalRequest:GET|/v1/p/vpcs/||content-type:application/json|host:h|x-security-token:${STS}|x-sdk-date:20240101T000000Z`;
    const out = redactor.redact(msg);
    expect(out).not.toContain(STS);
    expect(out).toContain('x-sdk-date:20240101T000000Z');
  });

  it('ignores values too short to be secrets, so ordinary text survives', () => {
    expect(redactor.redact('abc is fine')).toBe('abc is fine');
  });
});
