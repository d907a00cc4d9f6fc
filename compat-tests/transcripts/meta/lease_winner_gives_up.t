# A winner that never fills blocks re-issue (P7): readers keep getting Z until the item is
# invalidated with md I, which re-arms the win for the next reader.
>>> [A] ms wg1 3 T300\r\nold\r\nmd wg1 I\r\n
<<< HD\r\n
<<< HD\r\n
>>> [A] mg wg1 c v\r\n
<<< VA 3 c2 X W\r\nold\r\n
>>> [B] mg wg1 c v\r\nmg wg1 c v\r\n
<<< [B] VA 3 c2 Z X\r\nold\r\n
<<< [B] VA 3 c2 Z X\r\nold\r\n
>>> [C] md wg1 I\r\n
<<< [C] HD\r\n
>>> [B] mg wg1 c v\r\n
<<< [B] VA 3 c3 X W\r\nold\r\n
>>> [B] ms wg1 3 C{cas:2} T300\r\nnew\r\n
<<< [B] HD\r\n
>>> [A] ms wg1 3 C{cas:1} T300\r\nold\r\n
<<< EX\r\n
>>> [C] mg wg1 c v\r\n
<<< [C] VA 3 c4\r\nnew\r\n
