/** Defined as `true` by esbuild in the shipped bundle; undefined when running sources (tests). */
declare const __BOXC_BUNDLE__: boolean | undefined;
