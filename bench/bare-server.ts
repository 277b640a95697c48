// The ceiling: a bare Express handler that parses the same JSON body and answers 200.
import express from 'express';

const app = express();
app.post('/api/public/reports', express.json({ limit: '256kb' }), (req, res) => {
  res.status(201).json({ ok: typeof req.body === 'object' });
});
app.post('/webhooks/zalo', express.raw({ type: () => true, limit: '1mb' }), (req, res) => {
  res.status(200).json({ ok: JSON.parse((req.body as Buffer).toString('utf8')) !== null });
});
app.listen(Number(process.env.PORT ?? 3901), () => console.log('bare ready'));
