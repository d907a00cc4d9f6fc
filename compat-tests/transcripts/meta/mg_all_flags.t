# Every 1.6.18 mg flag at once, including the P and L proxy hints, which are accepted and ignored.
>>> ms g23 3 F9 T100\r\nxyz\r\nmg g23 s c f h k l t v O42 u P L\r\n
<<< HD\r\n
<<< VA 3 s3 c1 f9 h0 kg23 l0 t100 O42\r\nxyz\r\n
>>> mg g23 b\r\n
<<< CLIENT_ERROR error decoding key\r\n
