import express, { type ErrorRequestHandler, type RequestHandler, type Response } from 'express';

/**
 * Slack's requests are small: a block_actions payload echoes the pressed message (at most 50
 * blocks), a slash command is a dozen fields. 1 MiB leaves room for that and no more.
 */
export const SLACK_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The raw body as a Buffer in `req.body` (the signature covers the exact bytes), limited
 * before anything is read: a declared Content-Length over the limit is refused unread, and a
 * chunked body stops being kept once it passes the limit (express.raw reads the rest off the
 * wire and drops it). The 413 closes the connection, so the client cannot keep sending.
 */
export function readRawBodyWithin(
  limitBytes: number,
  onTooLarge: (declaredBytes: number | null) => void,
): Array<RequestHandler | ErrorRequestHandler> {
  const refuse = (res: Response, declaredBytes: number | null) => {
    onTooLarge(declaredBytes);
    res.set('Connection', 'close').status(413).json({ error: 'body_too_large', limitBytes });
  };
  const refuseDeclared: RequestHandler = (req, res, next) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limitBytes) return refuse(res, declared);
    next();
  };
  const refuseStreamed: ErrorRequestHandler = (error, _req, res, next) => {
    if ((error as { type?: unknown })?.type !== 'entity.too.large') return next(error);
    refuse(res, null);
  };
  return [refuseDeclared, express.raw({ type: () => true, limit: limitBytes }), refuseStreamed];
}
