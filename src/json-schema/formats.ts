/**
 * The formats of JSON Schema 2020-12 that are checked when formats assert (an option, or the
 * format-assertion vocabulary). By default `format` is an annotation and none of these run.
 */

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/;

function validDate(value: string): boolean {
  const match = DATE.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function validTime(value: string): boolean {
  const match = TIME.exec(value);
  if (!match) return false;
  const [hour, minute, second] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const offsetHours = match[5] === undefined ? 0 : Number(match[5]);
  const offsetMinutes = match[6] === undefined ? 0 : Number(match[6]);
  if (hour > 23 || minute > 59 || second > 60 || offsetHours > 23 || offsetMinutes > 59) return false;
  if (second === 60) {
    // A leap second exists only at 23:59:60 UTC.
    const sign = match[4] === "-" ? -1 : 1;
    const utc = (((hour * 60 + minute - sign * (offsetHours * 60 + offsetMinutes)) % 1440) + 1440) % 1440;
    return utc === 23 * 60 + 59;
  }
  return true;
}

const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function validHostname(value: string): boolean {
  if (value.length === 0 || value.length > 253) return false;
  const labels = value.split(".");
  return labels.every((label) => HOST_LABEL.test(label) && !/^..--/.test(label.toLowerCase().replace(/^xn--/, "ab")));
}

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;

function validIpv6(value: string): boolean {
  if (!/^[0-9A-Fa-f:.]+$/.test(value)) return false;
  let groups = value.split(":");
  let needed = 8;
  const last = groups[groups.length - 1] ?? "";
  if (last.includes(".")) {
    if (!IPV4.test(last)) return false;
    groups = groups.slice(0, -1);
    groups.push("0", "0");
  }
  const compressed = value.indexOf("::");
  if (compressed !== value.lastIndexOf("::")) return false;
  if (compressed >= 0) {
    const [head, tail] = value.split("::") as [string, string];
    const count = (part: string) =>
      part === "" ? 0 : part.split(":").reduce((n, group) => n + (group.includes(".") ? 2 : 1), 0);
    const used = count(head) + count(tail);
    const parts = [...(head ? head.split(":") : []), ...(tail ? tail.split(":") : [])];
    return used <= 7 && parts.every((group) => group.includes(".") || /^[0-9A-Fa-f]{1,4}$/.test(group));
  }
  needed = 8;
  return groups.length === needed && groups.every((group) => /^[0-9A-Fa-f]{1,4}$/.test(group));
}

const EMAIL_LOCAL = /^(?:[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*|"(?:[^"\\]|\\.)*")$/;

function validEmail(value: string): boolean {
  const at = value.lastIndexOf("@");
  if (at <= 0) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  if (!EMAIL_LOCAL.test(local)) return false;
  if (domain.startsWith("[") && domain.endsWith("]")) {
    const literal = domain.slice(1, -1);
    return literal.startsWith("IPv6:") ? validIpv6(literal.slice(5)) : IPV4.test(literal);
  }
  return validHostname(domain);
}

const URI = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/;
const URI_REFERENCE = /^[^\s<>"{}|\\^`]*$/;
const DURATION = /^P(?!$)(?:\d+W|(?:\d+Y)?(?:\d+M)?(?:\d+D)?(?:T(?=\d)(?:\d+H)?(?:\d+M)?(?:\d+S)?)?)$/;

function validRegex(value: string): boolean {
  try {
    new RegExp(value, "u");
    return true;
  } catch {
    return false;
  }
}

export const FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  "date-time": (v) => {
    const split = v.search(/[Tt]/);
    return split === 10 && validDate(v.slice(0, 10)) && validTime(v.slice(11));
  },
  date: validDate,
  time: validTime,
  duration: (v) => DURATION.test(v),
  email: validEmail,
  "idn-email": (v) => v.includes("@") && !/\s/.test(v),
  hostname: validHostname,
  ipv4: (v) => IPV4.test(v),
  ipv6: validIpv6,
  uri: (v) => URI.test(v) && !/%(?![0-9A-Fa-f]{2})/.test(v),
  "uri-reference": (v) => URI_REFERENCE.test(v) && !/%(?![0-9A-Fa-f]{2})/.test(v),
  iri: (v) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/u.test(v),
  "iri-reference": (v) => /^[^\s<>"{}|\\^`]*$/u.test(v),
  "uri-template": (v) => /^(?:[^{}]|\{[^{}]+\})*$/.test(v),
  uuid: (v) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v),
  "json-pointer": (v) => /^(?:\/(?:[^~/]|~[01])*)*$/.test(v),
  "relative-json-pointer": (v) => /^(?:0|[1-9]\d*)(?:#|(?:\/(?:[^~/]|~[01])*)*)$/.test(v),
  regex: validRegex,
};
