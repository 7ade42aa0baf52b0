/** The platform's coalesced redraw (one home for it, shared with the records widget). */
export { CoalescedDraw } from '../../core/index.js';
