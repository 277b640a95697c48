/**
 * Minimal typings for the parts of `lunar-javascript` (untyped CommonJS) that
 * we use. ShouXingUtil is the library's astronomy core (寿星万年历); its time
 * functions return Julian centuries of Terrestrial Time since J2000.0.
 */
declare module 'lunar-javascript' {
  export interface ShouXingUtilApi {
    /** Instant (Julian centuries TT from J2000.0) when the Moon–Sun elongation equals `w` radians (unwrapped; 0 = new moon of 2000-01-06). */
    msaLonT(w: number): number;
    /** Instant (Julian centuries TT from J2000.0) when the Sun's apparent longitude equals `w` radians (unwrapped). */
    saLonT(w: number): number;
    /** ΔT = TT − UT, in days, for `t` days from J2000.0. */
    dtT(t: number): number;
  }

  export interface SolarDate {
    /** 'YYYY-MM-DD' */
    toYmd(): string;
  }

  export interface LunarDate {
    getSolar(): SolarDate;
  }

  export const ShouXingUtil: ShouXingUtilApi;

  /** Chinese (UTC+8) lunisolar calendar; used only by tests as an independent reference. */
  export const Lunar: {
    fromYmd(lunarYear: number, lunarMonth: number, lunarDay: number): LunarDate;
  };
}
