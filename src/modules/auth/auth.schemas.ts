/**
 * Inputs of the auth and account routes, and their messages (Vietnamese first).
 */
import { z } from 'zod';
import type { FieldMessages } from '../../lib/errors.js';
import { ROLES } from './auth.types.js';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './password.js';
import { LOCK_MINUTES } from './throttle.js';

export const AUTH_MESSAGES = {
  username: { vi: 'Vui lòng nhập tên đăng nhập.', en: 'Please enter your username.' },
  usernameFormat: {
    vi: 'Tên đăng nhập 3–64 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới, gạch ngang.',
    en: 'Username: 3–64 characters, lower-case letters without diacritics, digits, dot, underscore, hyphen.',
  },
  password: { vi: 'Vui lòng nhập mật khẩu.', en: 'Please enter your password.' },
  passwordShort: { vi: `Mật khẩu mới cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự.`, en: `The new password needs at least ${MIN_PASSWORD_LENGTH} characters.` },
  passwordLong: { vi: `Mật khẩu tối đa ${MAX_PASSWORD_LENGTH} ký tự.`, en: `Passwords have at most ${MAX_PASSWORD_LENGTH} characters.` },
  passwordSame: { vi: 'Mật khẩu mới phải khác mật khẩu hiện tại.', en: 'The new password must differ from the current one.' },
  passwordIsUsername: { vi: 'Mật khẩu không được trùng tên đăng nhập.', en: 'The password must not be the username.' },
  currentPassword: { vi: 'Mật khẩu hiện tại không đúng.', en: 'The current password is wrong.' },
  displayName: { vi: 'Vui lòng nhập họ tên (tối đa 100 ký tự).', en: 'Please enter a display name (at most 100 characters).' },
  role: { vi: 'Vai trò không hợp lệ (officer, leader, admin).', en: 'Invalid role (officer, leader, admin).' },
  unitId: { vi: 'Đơn vị không tồn tại.', en: 'No such unit.' },
  usernameTaken: { vi: 'Tên đăng nhập đã có người dùng.', en: 'This username is taken.' },
} satisfies FieldMessages;

export const AUTH_ERRORS = {
  invalidCredentials: 'Sai tên đăng nhập hoặc mật khẩu / Wrong username or password',
  locked: `Tài khoản tạm khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau ${LOCK_MINUTES} phút hoặc liên hệ quản trị viên / `
    + `Account temporarily locked after repeated failed sign-ins. Try again in ${LOCK_MINUTES} minutes or contact an administrator`,
  ipLimited: 'Quá nhiều lần đăng nhập sai từ máy này, vui lòng thử lại sau ít phút / Too many failed sign-ins from this address, please try again in a few minutes',
  disabled: 'Tài khoản đã bị vô hiệu hóa, vui lòng liên hệ quản trị viên / This account is disabled, please contact an administrator',
  unauthenticated: 'Vui lòng đăng nhập / Please sign in',
  csrf: 'Phiên làm việc không hợp lệ, vui lòng tải lại trang / Missing or invalid CSRF token, please reload the page',
  forbidden: 'Bạn không có quyền thực hiện thao tác này / You are not allowed to do this',
} as const;

const password = z.string().min(1, 'password').max(MAX_PASSWORD_LENGTH, 'passwordLong');
const newPassword = z.string().min(MIN_PASSWORD_LENGTH, 'passwordShort').max(MAX_PASSWORD_LENGTH, 'passwordLong');
export const usernameSchema = z.string().trim().toLowerCase().regex(/^[a-z0-9._-]{3,64}$/, 'usernameFormat');

export const loginSchema = z.object({
  username: z.string().trim().toLowerCase().min(1, 'username').max(64, 'username'),
  password,
});

export const changePasswordSchema = z.object({
  currentPassword: password,
  newPassword,
});

export const createUserSchema = z.object({
  username: usernameSchema,
  displayName: z.string().trim().min(1, 'displayName').max(100, 'displayName'),
  password: newPassword,
  role: z.enum(ROLES, { error: 'role' }),
  unitId: z.number().int().positive('unitId'),
  canReveal: z.boolean().optional().default(false),
});

export const updateUserSchema = z.object({
  displayName: z.string().trim().min(1, 'displayName').max(100, 'displayName').optional(),
  role: z.enum(ROLES, { error: 'role' }).optional(),
  unitId: z.number().int().positive('unitId').optional(),
  canReveal: z.boolean().optional(),
  /** true disables the account (every session ends); false enables it again. */
  disabled: z.boolean().optional(),
  /** true lifts a lockout now. */
  unlock: z.literal(true).optional(),
});

export const resetPasswordSchema = z.object({ password: newPassword });
