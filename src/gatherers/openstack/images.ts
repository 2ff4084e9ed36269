// Images: every Glance image the project sees (member_status=all, all pages), raw objects kept.
import type { Image } from '../../artifacts/iaas.js';
import type { GathererOf } from '../types.js';
import { openstackClient } from './common.js';

/** Glance's usual api_limit_max; bigger pages mean fewer calls. */
const PAGE = 1000;

export const imagesGatherer: GathererOf<'Images'> = {
  artifact: 'Images',
  description:
    'Glance images visible to the project (member_status=all), all visibilities, as the API returns them',
  async gather(ctx) {
    const c = openstackClient(ctx);
    return c.list<Image>('image', '/images', 'images', {
      query: { member_status: 'all', limit: PAGE },
      signal: ctx.signal,
    });
  },
};
