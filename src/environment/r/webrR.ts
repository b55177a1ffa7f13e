// The R version the bundled webR runs (webr 0.6.0 → R 4.6.0): what drift is reported against and
// which contrib folder (…/contrib/4.6) of webR's repository packages come from. A constant, so the
// spec reader and `quire check` need no webR to know it; kernels/r/RKernel.test.ts checks it
// against the real R.
export const WEBR_R_VERSION = '4.6.0'
