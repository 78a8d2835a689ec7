/**
 * Names of the system registers and SYS operations Linux uses, keyed by their encoding
 * `op0:op1:CRn:CRm:op2` (Arm ARM D17/D19 register descriptions and C5.2/C5.5 alias tables).
 * Anything else prints in the generic form s<op0>_<op1>_c<CRn>_c<CRm>_<op2>, as binutils does.
 */
const SYSTEM_REGISTERS: Readonly<Record<string, string>> = {
  '3:0:0:0:0': 'midr_el1', '3:0:0:0:5': 'mpidr_el1', '3:0:0:0:6': 'revidr_el1',
  '3:0:0:4:0': 'id_aa64pfr0_el1', '3:0:0:4:1': 'id_aa64pfr1_el1', '3:0:0:5:0': 'id_aa64dfr0_el1', '3:0:0:5:1': 'id_aa64dfr1_el1',
  '3:0:0:6:0': 'id_aa64isar0_el1', '3:0:0:6:1': 'id_aa64isar1_el1', '3:0:0:7:0': 'id_aa64mmfr0_el1', '3:0:0:7:1': 'id_aa64mmfr1_el1',
  '3:0:0:7:2': 'id_aa64mmfr2_el1',
  '3:0:1:0:0': 'sctlr_el1', '3:0:1:0:1': 'actlr_el1', '3:0:1:0:2': 'cpacr_el1',
  '3:0:2:0:0': 'ttbr0_el1', '3:0:2:0:1': 'ttbr1_el1', '3:0:2:0:2': 'tcr_el1',
  '3:0:2:1:0': 'apiakeylo_el1', '3:0:2:1:1': 'apiakeyhi_el1', '3:0:2:1:2': 'apibkeylo_el1', '3:0:2:1:3': 'apibkeyhi_el1',
  '3:0:4:0:0': 'spsr_el1', '3:0:4:0:1': 'elr_el1', '3:0:4:1:0': 'sp_el0', '3:0:4:2:0': 'spsel', '3:0:4:2:2': 'currentel',
  '3:0:4:2:3': 'pan', '3:0:4:2:4': 'uao', '3:0:4:6:0': 'icc_pmr_el1',
  '3:0:5:1:0': 'afsr0_el1', '3:0:5:1:1': 'afsr1_el1', '3:0:5:2:0': 'esr_el1', '3:0:6:0:0': 'far_el1', '3:0:7:4:0': 'par_el1',
  '3:0:10:2:0': 'mair_el1', '3:0:10:3:0': 'amair_el1', '3:0:12:0:0': 'vbar_el1', '3:0:12:1:1': 'disr_el1',
  '3:0:12:11:3': 'icc_rpr_el1', '3:0:12:11:5': 'icc_sgi1r_el1', '3:0:12:12:0': 'icc_iar1_el1', '3:0:12:12:1': 'icc_eoir1_el1',
  '3:0:12:12:3': 'icc_bpr1_el1', '3:0:12:12:4': 'icc_ctlr_el1', '3:0:12:12:5': 'icc_sre_el1', '3:0:12:12:7': 'icc_igrpen1_el1',
  '3:0:13:0:1': 'contextidr_el1', '3:0:13:0:4': 'tpidr_el1', '3:0:14:1:0': 'cntkctl_el1',
  '3:1:0:0:0': 'ccsidr_el1', '3:1:0:0:1': 'clidr_el1', '3:2:0:0:0': 'csselr_el1',
  '3:3:0:0:1': 'ctr_el0', '3:3:0:0:7': 'dczid_el0', '3:3:4:2:0': 'nzcv', '3:3:4:2:1': 'daif', '3:3:4:2:5': 'dit',
  '3:3:4:2:6': 'ssbs', '3:3:4:2:7': 'tco', '3:3:4:4:0': 'fpcr', '3:3:4:4:1': 'fpsr',
  '3:3:9:12:0': 'pmcr_el0', '3:3:9:13:0': 'pmccntr_el0',
  '3:3:13:0:2': 'tpidr_el0', '3:3:13:0:3': 'tpidrro_el0',
  '3:3:14:0:0': 'cntfrq_el0', '3:3:14:0:1': 'cntpct_el0', '3:3:14:0:2': 'cntvct_el0',
  '3:3:14:2:0': 'cntp_tval_el0', '3:3:14:2:1': 'cntp_ctl_el0', '3:3:14:2:2': 'cntp_cval_el0',
  '3:3:14:3:0': 'cntv_tval_el0', '3:3:14:3:1': 'cntv_ctl_el0', '3:3:14:3:2': 'cntv_cval_el0',
  '3:4:1:0:0': 'sctlr_el2', '3:4:1:1:0': 'hcr_el2', '3:4:1:1:1': 'mdcr_el2', '3:4:2:0:0': 'ttbr0_el2', '3:4:2:0:2': 'tcr_el2',
  '3:4:2:1:0': 'vttbr_el2', '3:4:2:1:2': 'vtcr_el2', '3:4:4:0:0': 'spsr_el2', '3:4:4:0:1': 'elr_el2', '3:4:4:1:0': 'sp_el1',
  '3:4:5:2:0': 'esr_el2', '3:4:6:0:0': 'far_el2', '3:4:12:0:0': 'vbar_el2', '3:4:13:0:2': 'tpidr_el2',
  '3:4:14:0:3': 'cntvoff_el2', '3:4:14:1:0': 'cnthctl_el2',
  // ID, GIC, EL2/EL12 and RNG registers as Capstone names them (found in Linux 6.1 arm64 objects).
  '3:4:1:1:2': 'cptr_el2', '3:3:14:0:6': 'cntvctss_el0', '3:4:12:9:5': 'icc_sre_el2', '3:5:1:0:0': 'sctlr_el12',
  '3:0:0:6:2': 'id_aa64isar2_el1', '3:0:0:4:5': 'id_aa64smfr0_el1', '3:0:12:9:0': 'icc_ap1r0_el1',
  '3:0:0:4:4': 'id_aa64zfr0_el1', '3:0:0:1:2': 'id_dfr0_el1', '3:0:0:2:0': 'id_isar0_el1', '3:0:0:2:1': 'id_isar1_el1',
  '3:0:0:2:2': 'id_isar2_el1', '3:0:0:2:3': 'id_isar3_el1', '3:0:0:2:4': 'id_isar4_el1', '3:0:0:2:5': 'id_isar5_el1',
  '3:0:0:2:7': 'id_isar6_el1', '3:0:0:1:4': 'id_mmfr0_el1', '3:0:0:1:5': 'id_mmfr1_el1', '3:0:0:1:6': 'id_mmfr2_el1',
  '3:0:0:1:7': 'id_mmfr3_el1', '3:0:0:2:6': 'id_mmfr4_el1', '3:0:0:3:6': 'id_mmfr5_el1', '3:0:0:1:0': 'id_pfr0_el1',
  '3:0:0:1:1': 'id_pfr1_el1', '3:0:0:3:4': 'id_pfr2_el1', '3:0:0:3:0': 'mvfr0_el1', '3:0:0:3:1': 'mvfr1_el1',
  '3:0:0:3:2': 'mvfr2_el1', '3:4:1:2:2': 'hcrx_el2', '3:0:12:11:1': 'icc_dir_el1', '3:3:9:14:0': 'pmuserenr_el0',
  '3:3:13:2:3': 'amuserenr_el0', '3:4:12:11:0': 'ich_hcr_el2', '3:4:1:1:3': 'hstr_el2', '3:4:0:0:0': 'vpidr_el2',
  '3:4:0:0:5': 'vmpidr_el2', '3:1:0:0:4': 'gmid_el1', '3:4:1:2:0': 'zcr_el2', '3:5:1:0:2': 'cpacr_el12',
  '3:5:12:0:0': 'vbar_el12', '3:5:2:0:2': 'tcr_el12', '3:5:2:0:0': 'ttbr0_el12', '3:5:2:0:1': 'ttbr1_el12',
  '3:5:10:2:0': 'mair_el12', '3:0:12:8:4': 'icc_ap0r0_el1', '3:0:12:9:1': 'icc_ap1r1_el1', '3:3:2:4:0': 'rndr',
  '3:3:2:4:1': 'rndrrs',
  '2:0:0:2:2': 'mdscr_el1', '2:0:1:0:4': 'oslar_el1', '2:0:1:3:4': 'osdlr_el1',
};

/** MSR (immediate) PSTATE fields by op1:op2. */
export const PSTATE_FIELDS: Readonly<Record<string, string>> = {
  '0:3': 'uao', '0:4': 'pan', '0:5': 'spsel', '3:1': 'ssbs', '3:2': 'dit', '3:4': 'tco', '3:6': 'daifset', '3:7': 'daifclr',
};

/** SYS aliases by op1:CRn:CRm:op2, with whether the alias takes a register. */
const SYS_OPS: Readonly<Record<string, readonly [string, boolean]>> = {
  '3:7:4:1': ['dc zva', true], '0:7:6:1': ['dc ivac', true], '0:7:6:2': ['dc isw', true], '3:7:10:1': ['dc cvac', true],
  '0:7:10:2': ['dc csw', true], '3:7:11:1': ['dc cvau', true], '3:7:12:1': ['dc cvap', true], '3:7:13:1': ['dc cvadp', true],
  '3:7:14:1': ['dc civac', true], '0:7:14:2': ['dc cisw', true],
  '0:7:1:0': ['ic ialluis', false], '0:7:5:0': ['ic iallu', false], '3:7:5:1': ['ic ivau', true],
  '0:7:8:0': ['at s1e1r', true], '0:7:8:1': ['at s1e1w', true], '0:7:8:2': ['at s1e0r', true], '0:7:8:3': ['at s1e0w', true],
  '0:8:3:0': ['tlbi vmalle1is', false], '0:8:3:1': ['tlbi vae1is', true], '0:8:3:2': ['tlbi aside1is', true],
  '0:8:3:3': ['tlbi vaae1is', true], '0:8:3:5': ['tlbi vale1is', true], '0:8:3:7': ['tlbi vaale1is', true],
  '0:8:7:0': ['tlbi vmalle1', false], '0:8:7:1': ['tlbi vae1', true], '0:8:7:2': ['tlbi aside1', true],
  '0:8:7:3': ['tlbi vaae1', true], '0:8:7:5': ['tlbi vale1', true], '0:8:7:7': ['tlbi vaale1', true],
  '4:8:0:1': ['tlbi ipas2e1is', true], '4:8:0:5': ['tlbi ipas2le1is', true], '4:8:4:1': ['tlbi ipas2e1', true],
  '4:8:4:5': ['tlbi ipas2le1', true], '4:8:3:0': ['tlbi alle2is', false], '4:8:3:1': ['tlbi vae2is', true],
  '4:8:3:4': ['tlbi alle1is', false], '4:8:3:5': ['tlbi vale2is', true], '4:8:3:6': ['tlbi vmalls12e1is', false],
  '4:8:7:0': ['tlbi alle2', false], '4:8:7:1': ['tlbi vae2', true], '4:8:7:4': ['tlbi alle1', false],
  '4:8:7:5': ['tlbi vale2', true], '4:8:7:6': ['tlbi vmalls12e1', false],
  '6:8:3:0': ['tlbi alle3is', false], '6:8:3:1': ['tlbi vae3is', true], '6:8:3:5': ['tlbi vale3is', true],
  '6:8:7:0': ['tlbi alle3', false], '6:8:7:1': ['tlbi vae3', true], '6:8:7:5': ['tlbi vale3', true],
};

export function systemRegisterName(op0: number, op1: number, crn: number, crm: number, op2: number): string {
  return SYSTEM_REGISTERS[`${op0}:${op1}:${crn}:${crm}:${op2}`] ?? `s${op0}_${op1}_c${crn}_c${crm}_${op2}`;
}

export function sysOperation(op1: number, crn: number, crm: number, op2: number): readonly [string, boolean] | undefined {
  return SYS_OPS[`${op1}:${crn}:${crm}:${op2}`];
}
